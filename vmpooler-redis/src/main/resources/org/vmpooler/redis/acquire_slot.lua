-- Takes up to ARGV[3] clone slots for a manager, as many as leave at most ARGV[1] in use. KEYS[1] = counter,
-- KEYS[2] = slots per manager; ARGV[2] = the manager. Returns how many it took.
local used = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if used < 0 then
  used = 0
end
local taken = math.min(tonumber(ARGV[3]), tonumber(ARGV[1]) - used)
if taken <= 0 then
  return 0
end
redis.call('SET', KEYS[1], used + taken)
redis.call('HINCRBY', KEYS[2], ARGV[2], taken)
return taken
