-- All-or-nothing checkout. Every VM is taken with SPOP from the first candidate pool that has one; if a VM
-- cannot be found, the VMs taken so far go back to their ready sets before anything else is written, so a
-- failed checkout changes nothing.
-- ARGV: ready prefix, running prefix, migrating prefix, active prefix, VM prefix,
--       now, token, token user, lifetime ('' = not given), queue migration ('1'/'0'), line count,
--       then per line: requested name, VM count, candidate count, candidate pools...
local n = 0
local function arg()
  n = n + 1
  return ARGV[n]
end
local ready, running, migrating, active, vmprefix = arg(), arg(), arg(), arg(), arg()
local now, token, user, lifetime, migrate = arg(), arg(), arg(), arg(), arg() == '1'

local grants = {}
for _ = 1, tonumber(arg()) do
  local requested, count, ncandidates = arg(), tonumber(arg()), tonumber(arg())
  local candidates = {}
  for c = 1, ncandidates do
    candidates[c] = arg()
  end
  for _ = 1, count do
    local vm, from
    for _, pool in ipairs(candidates) do
      vm = redis.call('SPOP', ready .. pool)
      if vm then
        from = pool
        break
      end
    end
    if not vm then
      for _, grant in ipairs(grants) do
        redis.call('SADD', ready .. grant[3], grant[2])
      end
      return {'unavailable', requested}
    end
    grants[#grants + 1] = {requested, vm, from}
  end
end

local result = {'granted'}
for _, grant in ipairs(grants) do
  local vm, pool = grant[2], grant[3]
  local record = vmprefix .. vm
  redis.call('SADD', running .. pool, vm)
  redis.call('HSET', active .. pool, vm, now)
  redis.call('HSET', record, VM.checkout, now)
  if token ~= '' then
    redis.call('HSET', record, VM.token, token)
  end
  if user ~= '' then
    redis.call('HSET', record, VM.token_user, user)
  end
  if lifetime ~= '' then
    redis.call('HSET', record, VM.lifetime, lifetime)
  end
  if migrate then
    redis.call('SADD', migrating .. pool, vm)
  end
  result[#result + 1] = grant[1]
  result[#result + 1] = vm
  result[#result + 1] = pool
end
return result
