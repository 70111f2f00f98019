// SPDX-License-Identifier: Apache-2.0
// The only place that includes Catch2, so a move from v2 to v3 touches one file.
#pragma once

#include <catch2/catch.hpp>
