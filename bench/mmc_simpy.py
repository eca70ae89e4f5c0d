"""The M/M/c benchmark model on SimPy 2.3 (Debian's python3-simpy), for comparison with the
TypeScript kernels. Run with /usr/bin/python3:

    python3 bench/mmc_simpy.py LAMBDA MU SERVERS CUSTOMERS SEED

Prints one JSON object: model events (one arrival and one departure per customer, counted as the
TypeScript model counts them), wall seconds of the simulation loop, and the mean wait in queue.
"""
import json
import random
import sys
import time

from SimPy.Simulation import Process, Resource, Simulation, hold, release, request


class Customer(Process):
    def visit(self, server, service_time, stats):
        arrived = self.sim.now()
        yield request, self, server
        stats["wait"] += self.sim.now() - arrived
        yield hold, self, service_time
        yield release, self, server


class Source(Process):
    def generate(self, customers, lam, mu, server, rng, stats):
        for _ in range(customers):
            yield hold, self, rng.expovariate(lam)
            customer = Customer(sim=self.sim)
            self.sim.activate(customer, customer.visit(server, rng.expovariate(mu), stats))


def main():
    lam, mu = float(sys.argv[1]), float(sys.argv[2])
    servers, customers, seed = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    sim = Simulation()
    server = Resource(capacity=servers, sim=sim)
    stats = {"wait": 0.0}
    source = Source(sim=sim)
    sim.activate(source, source.generate(customers, lam, mu, server, random.Random(seed), stats))
    start = time.perf_counter()
    sim.simulate(until=float("inf"))
    seconds = time.perf_counter() - start
    print(json.dumps({"events": 2 * customers, "seconds": seconds, "meanWait": stats["wait"] / customers}))


if __name__ == "__main__":
    main()
