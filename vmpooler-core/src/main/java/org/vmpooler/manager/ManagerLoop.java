package org.vmpooler.manager;

/** One of the manager's loops: runs on its own thread until asked to stop after the pass in progress. */
public interface ManagerLoop extends Runnable {

    /** Asks the loop to end after its current pass or sleep step. */
    void stop();
}
