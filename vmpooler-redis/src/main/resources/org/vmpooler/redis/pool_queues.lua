-- A consistent read of a pool's six queues and its checkout-time hash.
-- KEYS[1..6] = queues in VmState order; KEYS[7] = active hash.
local result = {}
for n = 1, 6 do
  result[n] = redis.call('SMEMBERS', KEYS[n])
end
result[7] = redis.call('HGETALL', KEYS[7])
return result
