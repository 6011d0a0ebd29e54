-- Running VMs checked out with a token. KEYS = running sets; ARGV = token, VM hash prefix
local found = {}
for _, key in ipairs(KEYS) do
  for _, vm in ipairs(redis.call('SMEMBERS', key)) do
    if redis.call('HGET', ARGV[2] .. vm, VM.token) == ARGV[1] then
      found[#found + 1] = vm
    end
  end
end
return found
