-- Pending -> running for an on-demand VM, handed straight to its request, only if it is pending.
-- KEYS = pending, running, VM hash, active hash, boot statistic, lastboot, delivered set
-- ARGV = VM name, now, stat field, boot seconds, pool, token, token user, lifetime ('' = not given)
if redis.call('SMOVE', KEYS[1], KEYS[2], ARGV[1]) == 0 then
  return 0
end
local vm, now = ARGV[1], ARGV[2]
redis.call('HSET', KEYS[4], vm, now)
redis.call('HSET', KEYS[3], 'checkout', now, 'ready', now)
if ARGV[6] ~= '' then redis.call('HSET', KEYS[3], 'token:token', ARGV[6]) end
if ARGV[7] ~= '' then redis.call('HSET', KEYS[3], 'token:user', ARGV[7]) end
if ARGV[8] ~= '' then redis.call('HSET', KEYS[3], 'lifetime', ARGV[8]) end
redis.call('HSET', KEYS[5], ARGV[3], ARGV[4])
redis.call('HSET', KEYS[6], ARGV[5], now)
redis.call('SADD', KEYS[7], vm)
return 1
