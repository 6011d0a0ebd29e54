-- The give-back of an existing VM record, shared by request_destroy.lua and give_back_untokened.lua.
-- key = the VM hash; queues = VM name, running prefix, completed prefix, migrating prefix, then the prefixes of
-- the queues in which a VM is "not running" yet (pending, ready, discovered).
local function give_back(key, queues)
  local vm = queues[1]
  local pool = redis.call('HGET', key, VM.pool) or redis.call('HGET', key, VM.template)
  if not pool then
    return 'ALREADY_GONE'
  end
  if redis.call('SMOVE', queues[2] .. pool, queues[3] .. pool, vm) == 1 then
    redis.call('SREM', queues[4] .. pool, vm)
    return 'QUEUED'
  end
  for i = 5, #queues do
    if redis.call('SISMEMBER', queues[i] .. pool, vm) == 1 then
      return 'NOT_RUNNING'
    end
  end
  -- Completed, destroyed, a failed clone or a record whose VM the provider no longer has.
  return 'ALREADY_GONE'
end
