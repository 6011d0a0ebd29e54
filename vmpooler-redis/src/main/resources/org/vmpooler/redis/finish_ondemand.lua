-- Finishes an on-demand request: it was fulfilled ('complete'), it failed ('fail') or its client deleted it
-- ('delete'). In every case it leaves the provisioning queues and its clone tasks are dropped; a failed or
-- deleted request also gives its delivered VMs back (running -> completed). A request that already ended
-- keeps its outcome: a late failure never undoes a fulfilled or deleted request.
-- KEYS = request hash, new-request zset, processing zset, task zset
-- ARGV = mode, id, delivered-set prefix, running prefix, completed prefix, ttl ms, failure reason ('' = none),
--        migrating prefix
local mode, id = ARGV[1], ARGV[2]
local delivered, running, completed, ttl = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local migrating = ARGV[8]
local request = KEYS[1]

local requested = redis.call('HGET', request, REQUEST.requested)
local status = redis.call('HGET', request, REQUEST.status)
if mode == 'delete' then
  if not requested then
    return 'NOT_FOUND'
  end
  if status == STATUS.deleted then
    return 'ALREADY_DELETED'
  end
end

for _, queue in ipairs({KEYS[2], KEYS[3]}) do
  redis.call('ZREM', queue, id)
end
for _, member in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
  if string.match(member, '^[^:]*:[^:]*:[^:]*:(.*)$') == id then
    redis.call('ZREM', KEYS[4], member)
  end
end

if redis.call('EXISTS', request) == 0 then
  return 'GONE'
end
if mode ~= 'delete' and status and status ~= '' then
  return 'UNCHANGED'
end
if mode == 'complete' then
  redis.call('HSET', request, REQUEST.status, STATUS.ready)
  redis.call('PEXPIRE', request, ttl)
  return 'COMPLETED'
end

for line in string.gmatch(requested or '', '[^,]+') do
  local alias, pool = string.match(line, '^%s*([^:]+):([^:]+):')
  if alias then
    local set = delivered .. alias .. '__' .. pool
    for _, vm in ipairs(redis.call('SMEMBERS', set)) do
      if redis.call('SMOVE', running .. pool, completed .. pool, vm) == 1 then
        redis.call('SREM', migrating .. pool, vm)
      end
    end
    if mode == 'delete' then
      redis.call('DEL', set)
    else
      redis.call('PEXPIRE', set, ttl)
    end
  end
end

if mode == 'delete' then
  redis.call('HSET', request, REQUEST.status, STATUS.deleted)
else
  redis.call('HSET', request, REQUEST.status, STATUS.failed)
  if ARGV[7] ~= '' then
    redis.call('HSET', request, REQUEST.failure_reason, ARGV[7])
  end
end
redis.call('PEXPIRE', request, ttl)
return mode == 'delete' and 'DELETED' or 'FAILED'
