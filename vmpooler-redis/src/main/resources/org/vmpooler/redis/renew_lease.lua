-- Extends a lease still held by ARGV[1]. KEYS[1] = lease; ARGV = holder, ttl ms ('' = release it now)
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 1
