-- Takes a clone slot for a manager if fewer than ARGV[1] are in use. KEYS[1] = counter, KEYS[2] = slots per
-- manager; ARGV[2] = the manager.
local used = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if used >= tonumber(ARGV[1]) then
  return 0
end
if used < 0 then
  redis.call('SET', KEYS[1], '0')
end
redis.call('INCR', KEYS[1])
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
return 1
