-- The announced managers still alive; drops the ids whose announcement expired. KEYS[1] = id set; ARGV[1] = key
-- prefix of the announcements
local live = {}
for _, manager in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. manager) == 1 then
    table.insert(live, manager)
  else
    redis.call('SREM', KEYS[1], manager)
  end
end
return live
