-- Returns every clone slot held by a manager not in ARGV (the live ones). KEYS = counter, slots per manager, for
-- each kind in turn. Returns how many slots were returned.
local live = {}
for _, manager in ipairs(ARGV) do
  live[manager] = true
end
local returned = 0
for i = 1, #KEYS, 2 do
  local holders = redis.call('HGETALL', KEYS[i + 1])
  for j = 1, #holders, 2 do
    local manager, held = holders[j], tonumber(holders[j + 1]) or 0
    if not live[manager] then
      local used = tonumber(redis.call('GET', KEYS[i]) or '0') or 0
      redis.call('SET', KEYS[i], tostring(math.max(0, used - held)))
      redis.call('HDEL', KEYS[i + 1], manager)
      returned = returned + held
    end
  end
end
return returned
