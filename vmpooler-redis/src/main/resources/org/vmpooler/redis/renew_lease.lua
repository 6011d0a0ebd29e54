-- Extends the leases still held by their holders, or ends them. KEYS = the leases; ARGV[1] = ttl ms ('' = end
-- them now), ARGV[1 + i] = the holder of KEYS[i]. Answers 1 for each lease still held, 0 for each one lost.
local held = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[i + 1] then
    if ARGV[1] == '' then
      redis.call('DEL', key)
    else
      redis.call('PEXPIRE', key, ARGV[1])
    end
    held[i] = 1
  else
    held[i] = 0
  end
end
return held
