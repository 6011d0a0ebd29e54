-- Sets one field of a hash only if the hash exists, so that no stray record is created for something
-- that expired or never was. KEYS[1] = hash; ARGV = field, value. Returns whether it was set.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
