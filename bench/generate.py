#!/usr/bin/env python3
"""Writes a parameter set of any size for benchmarks (bench/README.md).

    generate.py OUT_DIR --instances N [--per-group 10] [--per-file 1000] [--per-vpc 1000]
                [--broken-every 10] [--rules 6]

The set has the seed example's shape, scaled: a manifest (stacks.yaml), common.yaml, one file
with every VPC (two private subnets, a route table and its associations each), one file with
every VPC's endpoint security group and its ssm and ssmmessages endpoints, and compute files of
--per-file instances each, with their security groups (--per-group instances share one; each
group has --rules egress rules, one of them TCP 443 to the endpoints), one role and one
instance profile per file. The endpoint group of every --broken-every'th VPC (the first
included) admits only its first subnet, so the instances in its second subnet are reported
(SSM009): the run does real work.
Output is deterministic.
"""
import argparse
import os


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--instances", type=int, required=True)
    p.add_argument("--per-group", type=int, default=10)
    p.add_argument("--per-file", type=int, default=1000)
    p.add_argument("--per-vpc", type=int, default=1000)
    p.add_argument("--broken-every", type=int, default=10)
    p.add_argument("--rules", type=int, default=6)
    a = p.parse_args()
    n = a.instances
    vpcs = max(1, -(-n // a.per_vpc))
    if vpcs > 4096:
        p.error("at most 4096 VPCs (raise --per-vpc)")
    files = max(1, -(-n // a.per_file))
    os.makedirs(a.out, exist_ok=True)

    def cidr(v, third=0):
        # 10.0.0.0/8 holds 256 /16 blocks; 4096 VPCs take /20 blocks instead.
        base = v * 16 if vpcs > 256 else v * 256
        return "10.%d.%d.0" % (base // 256, base % 256 + third)

    vpc_mask = 20 if vpcs > 256 else 16

    def write(name, text):
        with open(os.path.join(a.out, name), "w") as f:
            f.write(text)

    write("common.yaml", '---\ncommon:\n  region: eu-west-1\n  account: "123456789012"\n')

    out = ["---", "net:", "  vpcs:"]
    for v in range(vpcs):
        out += ["    vpc%d:" % v,
                '      cidr_block: "%s/%d"' % (cidr(v), vpc_mask),
                "      enable_dns_hostnames: True",
                "      enable_dns_support: True"]
    out.append("  subnets:")
    for v in range(vpcs):
        for s, az in ((1, "a"), (2, "c")):
            out += ["    vpc%d_subnet%d:" % (v, s),
                    '      vpc_id: "{{net.vpcs.vpc%d.vpc_id}}"' % v,
                    '      availability_zone: "eu-west-1%s"' % az,
                    '      cidr_block: "%s/24"' % cidr(v, s)]
    out.append("  route_tables:")
    for v in range(vpcs):
        out += ["    vpc%d_private:" % v, '      vpc_id: "{{net.vpcs.vpc%d.vpc_id}}"' % v]
    out.append("  subnet-routes:")
    for v in range(vpcs):
        for s in (1, 2):
            out += ["    vpc%d_subnet%d_route:" % (v, s),
                    '      route_table_id: "{{net.route_tables.vpc%d_private.attr_route_table_id}}"' % v,
                    '      subnet_id: "{{net.subnets.vpc%d_subnet%d.attr_subnet_id}}"' % (v, s)]
    write("network.yaml", "\n".join(out) + "\n")

    out = ["---", "ep:", "  securitygrps:"]
    for v in range(vpcs):
        broken = a.broken_every > 0 and v % a.broken_every == 0
        out += ["    vpc%d_endpoints:" % v,
                '      group_description: "endpoints of vpc%d"' % v,
                '      vpc_id: "{{net.vpcs.vpc%d.vpc_id}}"' % v,
                "      security_group_ingress:"]
        for s in ((1,) if broken else (1, 2)):
            out += ['        - ip_protocol: "tcp"',
                    '          cidr_ip: "{{net.subnets.vpc%d_subnet%d.cidr_block}}"' % (v, s),
                    "          from_port: 443",
                    "          to_port: 443"]
    out.append("  vpcendpoints:")
    for v in range(vpcs):
        for service in ("ssm", "ssmmessages"):
            out += ["    vpc%d_%s:" % (v, service),
                    '      vpc_id: "{{net.vpcs.vpc%d.vpc_id}}"' % v,
                    '      service_name: "com.amazonaws.{{common.region}}.%s"' % service,
                    '      vpc_endpoint_type: "Interface"',
                    "      private_dns_enabled: True",
                    "      security_group_ids:",
                    '        - "{{ep.securitygrps.vpc%d_endpoints.attr_group_id}}"' % v,
                    "      subnet_ids:",
                    '        - "{{net.subnets.vpc%d_subnet1.attr_subnet_id}}"' % v,
                    '        - "{{net.subnets.vpc%d_subnet2.attr_subnet_id}}"' % v]
    write("endpoints.yaml", "\n".join(out) + "\n")

    manifest = ["---", 'common: "common.yaml"', "stacks:", '  - "network.yaml"',
                '  - "endpoints.yaml"']
    instance = 0
    for f in range(files):
        module = "app%d" % f
        count = min(a.per_file, n - instance)
        groups = max(1, -(-count // a.per_group))
        out = ["---", module + ":", "  securitygrps:"]
        for g in range(groups):
            v = (instance + g * a.per_group) // a.per_vpc
            out += ["    sg%d:" % g,
                    '      group_description: "instances %d"' % g,
                    '      vpc_id: "{{net.vpcs.vpc%d.vpc_id}}"' % v,
                    "      security_group_egress:",
                    '        - ip_protocol: "tcp"',
                    '          destination_security_group_id: "{{ep.securitygrps.vpc%d_endpoints.attr_group_id}}"' % v,
                    "          from_port: 443",
                    "          to_port: 443"]
            for r in range(1, a.rules):
                out += ['        - ip_protocol: "tcp"',
                        '          cidr_ip: "%s/%d"' % (cidr(v), vpc_mask),
                        "          from_port: %d" % (8000 + r),
                        "          to_port: %d" % (8000 + r)]
        out += ["  roles:",
                "    role:",
                "      assume_role_policy_document:",
                '        Version: "2012-10-17"',
                "        Statement:",
                '          - Effect: "Allow"',
                '            Action: "sts:AssumeRole"',
                "            Principal:",
                '              Service: "ec2.amazonaws.com"',
                "      managed_policy_arns:",
                '        - "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"',
                "  instanceprofiles:",
                "    profile:",
                "      roles:",
                '        - "{{%s.roles.role.ref}}"' % module,
                "  instances:"]
        for i in range(count):
            g = i // a.per_group
            v = (instance + g * a.per_group) // a.per_vpc
            s = 1 + (instance + i) % 2
            out += ["    i%d:" % (instance + i),
                    '      image_id: "ami-0123456789abcdef0"',
                    '      instance_type: "t3.micro"',
                    '      iam_instance_profile: "{{%s.instanceprofiles.profile.ref}}"' % module,
                    "      security_group_ids:",
                    '        - "{{%s.securitygrps.sg%d.attr_group_id}}"' % (module, g),
                    '      subnet_id: "{{net.subnets.vpc%d_subnet%d.attr_subnet_id}}"' % (v, s)]
        instance += count
        write(module + ".yaml", "\n".join(out) + "\n")
        manifest.append('  - "%s.yaml"' % module)
    write("stacks.yaml", "\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
