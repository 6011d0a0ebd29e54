-- Ends an on-demand request that failed ('fail') or that a client deleted ('delete'): its delivered VMs go
-- running -> completed, it leaves every provisioning queue and its tasks are dropped, all at once.
-- KEYS = request hash, new-request zset, processing zset, task zset
-- ARGV = mode, id, delivered-set prefix, running prefix, completed prefix, ttl ms, failure reason ('' = none)
local mode, id = ARGV[1], ARGV[2]
local delivered, running, completed, ttl = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local request = KEYS[1]

local requested = redis.call('HGET', request, 'requested')
local exists = redis.call('EXISTS', request) == 1
if mode == 'delete' then
  if not requested then
    return 'NOT_FOUND'
  end
  if redis.call('HGET', request, 'status') == 'deleted' then
    return 'ALREADY_DELETED'
  end
end

for _, queue in ipairs({KEYS[2], KEYS[3]}) do
  redis.call('ZREM', queue, id)
end
for _, member in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
  local rid = string.match(member, '^[^:]*:[^:]*:[^:]*:(.*)$')
  if rid == id then
    redis.call('ZREM', KEYS[4], member)
  end
end
if not exists then
  return 'GONE'
end

for line in string.gmatch(requested or '', '[^,]+') do
  local alias, pool = string.match(line, '^%s*([^:]+):([^:]+):')
  if alias then
    local set = delivered .. alias .. '__' .. pool
    for _, vm in ipairs(redis.call('SMEMBERS', set)) do
      redis.call('SMOVE', running .. pool, completed .. pool, vm)
    end
    if mode == 'delete' then
      redis.call('DEL', set)
    else
      redis.call('PEXPIRE', set, ttl)
    end
  end
end

if mode == 'delete' then
  redis.call('HSET', request, 'status', 'deleted')
else
  redis.call('HSET', request, 'status', 'failed')
  if ARGV[7] ~= '' then
    redis.call('HSET', request, 'failure_reason', ARGV[7])
  end
end
redis.call('PEXPIRE', request, ttl)
return mode == 'delete' and 'DELETED' or 'FAILED'
