-- A client gives a VM back. KEYS[1] = VM hash; ARGV = the queues of give_back.lua.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'UNKNOWN'
end
return give_back(KEYS[1], ARGV)
