-- Moves a VM between two queues of its pool. KEYS = from set, to set; ARGV[1] = VM name
return redis.call('SMOVE', KEYS[1], KEYS[2], ARGV[1])
