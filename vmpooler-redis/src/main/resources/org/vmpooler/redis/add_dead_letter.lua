-- KEYS[1] = dead-letter zset; ARGV = epoch seconds, entry, max entries, ttl ms
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
local surplus = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if surplus > 0 then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, surplus - 1)
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
