-- A client gives a VM back. KEYS[1] = VM hash;
-- ARGV = VM name, running prefix, completed prefix, migrating prefix, then the prefixes of the queues in which
-- a VM is "not running" yet (pending, ready, discovered)
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'UNKNOWN'
end
local vm = ARGV[1]
local pool = redis.call('HGET', KEYS[1], VM.pool) or redis.call('HGET', KEYS[1], VM.template)
if not pool then
  return 'ALREADY_GONE'
end
if redis.call('SMOVE', ARGV[2] .. pool, ARGV[3] .. pool, vm) == 1 then
  redis.call('SREM', ARGV[4] .. pool, vm)
  return 'QUEUED'
end
for i = 5, #ARGV do
  if redis.call('SISMEMBER', ARGV[i] .. pool, vm) == 1 then
    return 'NOT_RUNNING'
  end
end
-- Completed, destroyed, a failed clone or a record whose VM the provider no longer has.
return 'ALREADY_GONE'
