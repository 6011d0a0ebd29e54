-- Takes a pool lease if nobody holds it. KEYS = lease, token counter; ARGV = manager, ttl ms.
-- Returns the new fencing token, or 0 when another lease is in force.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '#' .. token, 'PX', ARGV[2])
return token
