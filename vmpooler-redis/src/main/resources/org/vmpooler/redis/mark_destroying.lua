-- KEYS = active hash, VM hash; ARGV = VM name, now, ttl ms
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], VM.destroy, ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
