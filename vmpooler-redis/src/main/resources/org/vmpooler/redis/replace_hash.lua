-- Replaces a whole hash, so no field of an earlier record survives.
-- KEYS[1] = hash; ARGV = ttl ms ('' = no expiry), field, value, ...
redis.call('DEL', KEYS[1])
if #ARGV > 1 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 2))
  if ARGV[1] ~= '' then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
  end
end
return 1
