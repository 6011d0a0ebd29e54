-- A VM the provider no longer has. KEYS = queue, active hash, VM hash; ARGV = VM name, ttl ms
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return 1
