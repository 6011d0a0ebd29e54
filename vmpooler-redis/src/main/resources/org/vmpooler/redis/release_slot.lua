-- Returns a clone slot without ever going below zero. KEYS[1] = counter
local used = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if used <= 0 then
  redis.call('SET', KEYS[1], '0')
  return 0
end
return redis.call('DECR', KEYS[1])
