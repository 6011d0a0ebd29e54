-- A client that sent no token gives a VM back, in one round trip. KEYS[1] = VM hash; ARGV = the queues of
-- give_back.lua. Returns {'TOKEN_HELD'} and changes nothing when a token owns the VM; otherwise the outcome
-- followed by the record's fields and values as they were before.
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then
  return {'UNKNOWN'}
end
if redis.call('HEXISTS', KEYS[1], VM.token) == 1 then
  return {'TOKEN_HELD'}
end
local result = {give_back(KEYS[1], ARGV)}
for _, item in ipairs(fields) do
  result[#result + 1] = item
end
return result
