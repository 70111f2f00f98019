// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace ssmpf {

// The number of threads `jobs` asks for: 0 means one per core.
[[nodiscard]] inline unsigned worker_count(unsigned jobs) noexcept {
  return jobs != 0 ? jobs : std::max(1U, std::thread::hardware_concurrency());
}

// Calls work(i) for every i in [0, count), on up to worker_count(jobs) threads including the
// caller, and returns when all calls have returned. Items are handed out one at a time, so
// uneven items balance; `work` must only write what item i owns. The first exception a call
// throws is rethrown here once every thread has stopped (the items not yet started are skipped).
template <class Work>
void parallel_for(std::size_t count, unsigned jobs, Work&& work) {
  const std::size_t workers = std::min<std::size_t>(count, worker_count(jobs));
  if (workers < 2) {
    for (std::size_t i = 0; i < count; ++i) {
      work(i);
    }
    return;
  }
  std::atomic<std::size_t> next{0};
  std::mutex failure_lock;
  std::exception_ptr failure;
  auto run = [&]() noexcept {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        work(i);
      } catch (...) {
        const std::lock_guard<std::mutex> hold(failure_lock);
        if (!failure) {
          failure = std::current_exception();
        }
        next = count;
      }
    }
  };
  {
    std::vector<std::jthread> threads;
    threads.reserve(workers - 1);
    for (std::size_t w = 1; w < workers; ++w) {
      try {
        threads.emplace_back(run);
      } catch (const std::system_error&) {
        break;  // no more threads to be had: the ones running do the rest
      }
    }
    run();
  }
  if (failure) {
    std::rethrow_exception(failure);
  }
}

}  // namespace ssmpf
