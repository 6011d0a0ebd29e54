-- Put in front of a script run under a pool lease: KEYS[1] is the lease key and ARGV[1] the holder the caller
-- was granted. Unless the lease is still that holder's, nothing is written and -1 is returned; otherwise the
-- script runs with its own keys and arguments from index 1, as when it runs unfenced.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return -1
end
local KEYS = {unpack(KEYS, 2)}
local ARGV = {unpack(ARGV, 2)}
