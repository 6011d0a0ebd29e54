-- KEYS[1] = VM hash, KEYS[2] = the day's clone statistic, KEYS[3] = its summary;
-- ARGV = clone seconds, ip ('' = unknown), statistic field (<pool>:<vm>)
record_duration(KEYS[2], KEYS[3], ARGV[3], ARGV[1])
-- A record that vanished meanwhile is not re-created: it would never expire and keep the name taken.
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], VM.clone_time, ARGV[1])
  if ARGV[2] ~= '' then
    redis.call('HSET', KEYS[1], VM.ip, ARGV[2])
  end
end
return 1
