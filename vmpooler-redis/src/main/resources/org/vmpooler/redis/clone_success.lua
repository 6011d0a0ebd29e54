-- KEYS[1] = VM hash, KEYS[2] = the day's clone statistic;
-- ARGV = clone seconds, ip, statistic field (<pool>:<vm>)
redis.call('HSET', KEYS[1], 'clone_time', ARGV[1], 'ip', ARGV[2])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[1])
return 1
