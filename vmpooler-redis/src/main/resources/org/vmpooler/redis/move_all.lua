-- Moves every member of KEYS[1] to KEYS[2]; returns the members moved.
local members = redis.call('SMEMBERS', KEYS[1])
for _, member in ipairs(members) do
  redis.call('SMOVE', KEYS[1], KEYS[2], member)
end
return members
