-- Starts destroying VMs of one pool. KEYS = the pool's active hash, then each VM's hash;
-- ARGV = now, ttl ms, then each VM's name in the order of its hash in KEYS
for i = 2, #KEYS do
  redis.call('HDEL', KEYS[1], ARGV[i + 1])
  redis.call('HSET', KEYS[i], VM.destroy, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return #KEYS - 1
