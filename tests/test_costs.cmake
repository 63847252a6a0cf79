# Read by CTest after the discovered tests (TEST_INCLUDE_FILES): the tests that take longest,
# most of it waiting (retry backoff, Prism and node starting, a rate limit, two applies
# racing), get a high COST, so that `ctest -j` starts them first and runs the short ones beside
# them instead of after them. CTest learns the costs itself after a first run; a fresh clone
# has none. A name not found here only loses its head start.
foreach(name IN ITEMS
    [==[fault-storm-e2e: a customer whose reads always fail is skipped and named while the others are applied]==]
    [==[fault-storm-e2e: 70% of all requests fail, reads included: apply converges in a few runs, no duplicates]==]
    [==[fault-storm-e2e: a read every customer needs failing still fails the run, saying which]==]
    [==[yaml: a file may hold at most 1,000,000 values]==]
    [==[planner: 1,000 customers of 100 target users plan]==]
    [==[contract: every call KeepnetClient makes passes Prism's validation against the vendor spec]==]
    [==[concurrent-apply-e2e: two applies of 20 customers at once, 3 trials: no duplicate, both succeed, then no changes]==]
    [==[concurrent-apply-e2e: the lock: a second apply of one folder fails at once naming the holder, waits with --lock-timeout, and kill -9 frees it]==]
    [==[apply-e2e: a rate limit of 20 requests/s converges with few 429s]==]
    [==[apply-e2e: kill -9 at random moments, the next apply converges without duplicates]==]
    [==[the GitLab pipeline validates with gitlab-ci-local and creates the right job for each event]==])
  set_tests_properties("${name}" PROPERTIES COST 100)
endforeach()
