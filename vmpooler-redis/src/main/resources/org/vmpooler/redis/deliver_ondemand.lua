-- Pending -> running for an on-demand VM, handed straight to its request, only if it is pending.
-- The request is checked in the same step: when it is gone or already has an outcome (ready, failed,
-- deleted) nobody wants the VM, and it goes pending -> completed instead.
-- KEYS = pending, running, VM hash, active hash, boot statistic, lastboot, delivered set, request hash,
--        completed, boot summary
-- ARGV = VM name, now, stat field, boot seconds, pool, token, token user, lifetime ('' = not given)
-- Returns 1 when delivered, 0 when the VM was not pending, -1 when it was retired as unwanted.
local vm, now = ARGV[1], ARGV[2]
if redis.call('SISMEMBER', KEYS[1], vm) == 0 then
  return 0
end
local status = redis.call('HGET', KEYS[8], REQUEST.status)
if redis.call('EXISTS', KEYS[8]) == 0 or (status and status ~= '') then
  redis.call('SMOVE', KEYS[1], KEYS[9], vm)
  return -1
end
redis.call('SMOVE', KEYS[1], KEYS[2], vm)
redis.call('HSET', KEYS[4], vm, now)
redis.call('HSET', KEYS[3], VM.checkout, now, VM.ready, now)
if ARGV[6] ~= '' then redis.call('HSET', KEYS[3], VM.token, ARGV[6]) end
if ARGV[7] ~= '' then redis.call('HSET', KEYS[3], VM.token_user, ARGV[7]) end
if ARGV[8] ~= '' then redis.call('HSET', KEYS[3], VM.lifetime, ARGV[8]) end
record_duration(KEYS[5], KEYS[10], ARGV[3], ARGV[4])
redis.call('HSET', KEYS[6], ARGV[5], now)
redis.call('SADD', KEYS[7], vm)
return 1
