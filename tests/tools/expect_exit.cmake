# Runs CMD with ARGS and fails unless it exits with EXPECT.
execute_process(COMMAND ${CMD} ${ARGS} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(NOT rc EQUAL EXPECT)
  message(FATAL_ERROR "${CMD} ${ARGS}: exit code ${rc}, expected ${EXPECT}")
endif()
