SERVICES = {}


def lookup(name):
    return SERVICES[name]
