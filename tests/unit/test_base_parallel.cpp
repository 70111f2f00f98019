// SPDX-License-Identifier: Apache-2.0
#include <atomic>
#include <stdexcept>
#include <vector>

#include "base/parallel.hpp"
#include "support/catch.hpp"

using namespace ssmpf;

TEST_CASE("parallel_for calls the work once for every item, whatever the thread count") {
  for (const unsigned jobs : {0U, 1U, 2U, 3U, 64U}) {
    INFO(jobs);
    for (const std::size_t count :
         {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{1000}}) {
      std::vector<std::atomic<int>> calls(count);
      parallel_for(count, jobs, [&](std::size_t i) { ++calls[i]; });
      for (std::size_t i = 0; i < count; ++i) {
        CHECK(calls[i] == 1);
      }
    }
  }
}

TEST_CASE("parallel_for rethrows the first failure once every thread has stopped") {
  for (const unsigned jobs : {1U, 4U}) {
    INFO(jobs);
    std::atomic<int> running{0};
    std::atomic<int> done{0};
    CHECK_THROWS_AS(parallel_for(100, jobs,
                                 [&](std::size_t i) {
                                   ++running;
                                   if (i == 10) {
                                     --running;
                                     throw std::runtime_error("item 10");
                                   }
                                   ++done;
                                   --running;
                                 }),
                    std::runtime_error);
    CHECK(running == 0);  // nothing still runs once the call has returned
    CHECK(done >= 10);    // the items before the failure ran
    CHECK(done < 100);    // the items not yet started were skipped
  }
}

TEST_CASE("worker_count: zero means one thread per core") {
  CHECK(worker_count(0) >= 1);
  CHECK(worker_count(1) == 1);
  CHECK(worker_count(5) == 5);
}
