-- A client gives a VM back. KEYS[1] = VM hash;
-- ARGV = VM name, running prefix, completed prefix, migrating prefix
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'UNKNOWN'
end
local vm = ARGV[1]
local pool = redis.call('HGET', KEYS[1], 'pool') or redis.call('HGET', KEYS[1], 'template')
if pool then
  if redis.call('SMOVE', ARGV[2] .. pool, ARGV[3] .. pool, vm) == 1 then
    redis.call('SREM', ARGV[4] .. pool, vm)
    return 'QUEUED'
  end
  if redis.call('SISMEMBER', ARGV[3] .. pool, vm) == 1 then
    return 'ALREADY_GONE'
  end
end
if redis.call('HEXISTS', KEYS[1], 'destroy') == 1 then
  return 'ALREADY_GONE'
end
return 'NOT_RUNNING'
