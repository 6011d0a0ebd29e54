-- Moves up to ARGV[1] arbitrary members of KEYS[1] to KEYS[2]; returns the members moved.
local members = redis.call('SPOP', KEYS[1], ARGV[1])
if #members > 0 then
  redis.call('SADD', KEYS[2], unpack(members))
end
return members
