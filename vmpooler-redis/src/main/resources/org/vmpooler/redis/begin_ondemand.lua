-- Splits a new request into clone tasks and moves it to processing, only if it is still new, so two
-- managers can never both queue its tasks.
-- KEYS = new-request zset, processing zset, task zset; ARGV = id, original score, task score, task members...
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then
  return 0
end
for n = 4, #ARGV do
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[n])
end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
