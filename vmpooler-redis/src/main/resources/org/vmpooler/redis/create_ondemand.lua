-- Creates an on-demand request unless the id is taken, and queues it as new.
-- KEYS = request hash, new-request zset; ARGV = id, epoch seconds, requested, token, token user ('' = none)
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], REQUEST.requested, ARGV[3])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], REQUEST.token, ARGV[4]) end
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], REQUEST.token_user, ARGV[5]) end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
