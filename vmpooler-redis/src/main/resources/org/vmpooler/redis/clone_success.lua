-- KEYS = the day's clone statistic, its summary, then each VM's hash;
-- ARGV = for each VM, in the order of its hash: clone seconds, ip ('' = unknown), statistic field (<pool>:<vm>)
for i = 3, #KEYS do
  local at = 3 * (i - 3)
  record_duration(KEYS[1], KEYS[2], ARGV[at + 3], ARGV[at + 1])
  -- A record that vanished meanwhile is not re-created: it would never expire and keep the name taken.
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('HSET', KEYS[i], VM.clone_time, ARGV[at + 1])
    if ARGV[at + 2] ~= '' then
      redis.call('HSET', KEYS[i], VM.ip, ARGV[at + 2])
    end
  end
end
return #KEYS - 2
