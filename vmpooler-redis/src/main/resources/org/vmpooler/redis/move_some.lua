-- Moves up to ARGV[1] arbitrary members of KEYS[1] to KEYS[2]; returns the members moved.
local members = redis.call('SPOP', KEYS[1], ARGV[1])
-- In slices, because unpack() of thousands of values would overflow Lua's stack.
for first = 1, #members, 1000 do
  redis.call('SADD', KEYS[2], unpack(members, first, math.min(first + 999, #members)))
end
return members
