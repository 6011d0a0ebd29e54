-- Pending -> ready for pool VMs that booted, each with its boot statistic, each only if it is pending.
-- KEYS = pending, ready, boot statistic, lastboot, boot summary, then each VM's hash;
-- ARGV = now, pool, then each VM's name and boot seconds, in the order of its hash in KEYS.
-- Returns the VMs moved.
local moved = {}
for i = 6, #KEYS do
  local vm = ARGV[2 * i - 9]
  if redis.call('SMOVE', KEYS[1], KEYS[2], vm) == 1 then
    redis.call('HSET', KEYS[i], VM.ready, ARGV[1])
    record_duration(KEYS[3], KEYS[5], ARGV[2] .. ':' .. vm, ARGV[2 * i - 8])
    moved[#moved + 1] = vm
  end
end
if #moved > 0 then
  redis.call('HSET', KEYS[4], ARGV[2], ARGV[1])
end
return moved
