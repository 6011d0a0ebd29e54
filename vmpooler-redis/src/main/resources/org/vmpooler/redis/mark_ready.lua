-- Pending -> ready for a pool VM, with its boot statistic, only if it is pending.
-- KEYS = pending, ready, VM hash, boot statistic, lastboot, boot summary;
-- ARGV = VM name, now, stat field, boot seconds, pool
if redis.call('SMOVE', KEYS[1], KEYS[2], ARGV[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[3], VM.ready, ARGV[2])
record_duration(KEYS[4], KEYS[6], ARGV[3], ARGV[4])
redis.call('HSET', KEYS[5], ARGV[5], ARGV[2])
return 1
