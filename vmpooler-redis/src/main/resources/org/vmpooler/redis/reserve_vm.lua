-- Reserves a VM name: creates its record and queues it as pending unless the name is taken.
-- KEYS[1] = VM hash, KEYS[2] = pending set; ARGV[1] = VM name; ARGV[2..] = field, value, ...
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('SADD', KEYS[2], ARGV[1])
return 1
