-- Returns a manager's clone slot without any count going below zero. KEYS[1] = counter, KEYS[2] = slots per
-- manager; ARGV[1] = the manager.
local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0') or 0
if held > 1 then
  redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
else
  redis.call('HDEL', KEYS[2], ARGV[1])
end
local used = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if used <= 0 then
  redis.call('SET', KEYS[1], '0')
  return 0
end
return redis.call('DECR', KEYS[1])
