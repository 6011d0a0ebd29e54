-- KEYS[1] = token hash; ARGV[1] = now. Records the use of an existing token and returns it.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {}
end
redis.call('HSET', KEYS[1], TOKEN.last, ARGV[1])
return redis.call('HGETALL', KEYS[1])
