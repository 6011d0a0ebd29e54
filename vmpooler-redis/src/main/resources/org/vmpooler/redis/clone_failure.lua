-- KEYS[1] = pending set, KEYS[2] = VM hash; ARGV = VM name, error, error class, ttl ms
redis.call('SREM', KEYS[1], ARGV[1])
-- A record that vanished meanwhile is not re-created.
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('HSET', KEYS[2], VM.clone_error, ARGV[2], VM.clone_error_class, ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
end
return 1
