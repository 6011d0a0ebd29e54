-- Replaces the health summary. KEYS[1] = health hash; ARGV = ttl ms, field, value, ...
redis.call('DEL', KEYS[1])
if #ARGV > 1 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 2))
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return 1
