-- Returns ARGV[2] of a manager's clone slots without any count going below zero. KEYS[1] = counter,
-- KEYS[2] = slots per manager; ARGV[1] = the manager.
local count = tonumber(ARGV[2])
local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0') or 0
if held > count then
  redis.call('HINCRBY', KEYS[2], ARGV[1], -count)
else
  redis.call('HDEL', KEYS[2], ARGV[1])
end
local used = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if used <= count then
  redis.call('SET', KEYS[1], '0')
  return 0
end
return redis.call('DECRBY', KEYS[1], count)
