// vcsim for vmpooler's tests: govmomi's vCenter simulator (the VPX model: datacenter DC0, cluster DC0_C0,
// standalone host DC0_H0, datastore LocalDS_0) serving SOAP on 127.0.0.1. It adds what the tests need and the
// simulator lacks: three templates in DC0/vm/templates on hosts busier than the rest, a stand-in for VMware Tools
// that reports a guest address and hostname shortly after a VM powers on, and method delays changed at run time
// through stdin lines "delay <Method> <milliseconds>". It prints the SDK URL once ready and stops on SIGTERM or
// when stdin closes.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

var toolsDelayMs atomic.Int64

var templates = map[string]string{
	"DC0_C0_RP0_VM0": "debian-12-x86_64", "DC0_C0_RP0_VM1": "ubuntu-2404-x86_64", "DC0_C0_RP0_VM2": "centos",
}

func main() {
	port := flag.Int("port", 0, "TCP port on 127.0.0.1 (0: any free one)")
	machines := flag.Int("machines", 3, "VMs per host and resource pool in the initial inventory")
	toolsDelay := flag.Duration("tools-delay", 100*time.Millisecond, "time from power-on until the guest reports its address (stdin: \"tools-delay <ms>\")")
	flag.Parse()

	model := simulator.VPX()
	model.Machine = *machines
	if err := model.Create(); err != nil {
		log.Fatal(err)
	}
	model.Service.Listen = &url.URL{Host: "127.0.0.1:" + strconv.Itoa(*port)}
	server := model.Service.NewServer()
	if err := prepareTemplates(server.URL); err != nil {
		log.Fatal(err)
	}
	toolsDelayMs.Store(toolsDelay.Milliseconds())
	go simulateTools()

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go readCommands(model, stop)
	fmt.Println(server.URL.String())
	<-stop
	server.Close()
	model.Remove()
}

func prepareTemplates(sdk *url.URL) error {
	ctx := context.Background()
	client, err := govmomi.NewClient(ctx, sdk, true)
	if err != nil {
		return err
	}
	finder := find.NewFinder(client.Client, false)
	dc, err := finder.Datacenter(ctx, "DC0")
	if err != nil {
		return err
	}
	finder.SetDatacenter(dc)
	folders, err := dc.Folders(ctx)
	if err != nil {
		return err
	}
	folder, err := folders.VmFolder.CreateFolder(ctx, "templates")
	if err != nil {
		return err
	}
	for vmName, templateName := range templates {
		vm, err := finder.VirtualMachine(ctx, vmName)
		if err != nil {
			return err
		}
		if task, err := vm.PowerOff(ctx); err != nil || task.Wait(ctx) != nil {
			return fmt.Errorf("power off %s: %v", vmName, err)
		}
		if task, err := folder.MoveInto(ctx, []types.ManagedObjectReference{vm.Reference()}); err != nil || task.Wait(ctx) != nil {
			return fmt.Errorf("move %s: %v", vmName, err)
		}
		if task, err := vm.Rename(ctx, templateName); err != nil || task.Wait(ctx) != nil {
			return fmt.Errorf("rename %s: %v", vmName, err)
		}
		if err := vm.MarkAsTemplate(ctx); err != nil {
			return err
		}
		host, err := vm.HostSystem(ctx)
		if err != nil {
			return err
		}
		makeBusy(host.Reference())
	}
	return client.Logout(ctx)
}

// makeBusy raises a host's memory use above its cluster's average, so that host selection avoids it and VMs
// cloned next to a template (the simulator places clones there) are moved at checkout.
func makeBusy(ref types.ManagedObjectReference) {
	host := simulator.Map.Get(ref).(*simulator.HostSystem)
	simulator.Map.WithLock(host, func() {
		host.Summary.QuickStats.OverallMemoryUsage = 3500
	})
}

// simulateTools powers on each new VM that is no template (as vCenter does for a clone with powerOn, which the
// simulator ignores) and plays VMware Tools: a powered-on VM reports an address (10.0.x.y, which the Ruby
// provider's pattern wrongly rejected) and the hostname its guestinfo.hostname asks for; a powered-off one none.
func simulateTools() {
	next := 256
	poweredOnAt := map[types.ManagedObjectReference]time.Time{}
	// A VM is powered on once, 200 ms after it appeared (its clone task has finished by then), unless it was
	// there at start or has been on already: a VM powered off later stays off.
	firstSeen := map[types.ManagedObjectReference]time.Time{}
	settled := map[types.ManagedObjectReference]bool{}
	for _, entity := range simulator.Map.All("VirtualMachine") {
		settled[entity.Reference()] = true
	}
	for range time.Tick(20 * time.Millisecond) {
		delay := time.Duration(toolsDelayMs.Load()) * time.Millisecond
		for _, entity := range simulator.Map.All("VirtualMachine") {
			vm := entity.(*simulator.VirtualMachine)
			simulator.Map.WithLock(vm, func() {
				on := vm.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn
				if !settled[vm.Self] {
					if _, seen := firstSeen[vm.Self]; !seen {
						firstSeen[vm.Self] = time.Now()
					}
					if on || vm.Config.Template {
						settled[vm.Self] = true
					} else if time.Since(firstSeen[vm.Self]) >= 200*time.Millisecond {
						settled[vm.Self] = true
						simulator.Map.Update(vm, []types.PropertyChange{
							{Name: "runtime.powerState", Val: types.VirtualMachinePowerStatePoweredOn},
							{Name: "summary.runtime.powerState", Val: types.VirtualMachinePowerStatePoweredOn},
						})
						return
					}
				}
				if _, seen := poweredOnAt[vm.Self]; on && !seen {
					poweredOnAt[vm.Self] = time.Now()
				} else if !on {
					delete(poweredOnAt, vm.Self)
				}
				switch {
				case on && vm.Guest.IpAddress == "" && time.Since(poweredOnAt[vm.Self]) >= delay:
					ip := fmt.Sprintf("10.%d.%d.%d", next>>16&255, next>>8&255, next&255)
					next++
					hostname := vm.Name
					for _, option := range vm.Config.ExtraConfig {
						if value := option.GetOptionValue(); value.Key == "guestinfo.hostname" {
							hostname = fmt.Sprint(value.Value)
						}
					}
					report(vm, ip, hostname, types.VirtualMachineToolsStatusToolsOk)
				case !on && vm.Guest.IpAddress != "":
					report(vm, "", "", types.VirtualMachineToolsStatusToolsNotRunning)
				}
			})
		}
	}
}

func report(vm *simulator.VirtualMachine, ip, hostname string, status types.VirtualMachineToolsStatus) {
	simulator.Map.Update(vm, []types.PropertyChange{
		{Name: "guest.ipAddress", Val: ip},
		{Name: "guest.hostName", Val: hostname},
		{Name: "guest.toolsStatus", Val: status},
		{Name: "summary.guest.ipAddress", Val: ip},
		{Name: "summary.guest.hostName", Val: hostname},
		{Name: "summary.guest.toolsStatus", Val: status},
	})
}

// readCommands applies "delay <Method> <ms>" and "tools-delay <ms>" lines; the delay map is replaced, never
// changed, as requests read it.
func readCommands(model *simulator.Model, stop chan os.Signal) {
	delays := map[string]int{}
	lines := bufio.NewScanner(os.Stdin)
	for lines.Scan() {
		fields := strings.Fields(lines.Text())
		if len(fields) == 2 && fields[0] == "tools-delay" {
			if ms, err := strconv.ParseInt(fields[1], 10, 64); err == nil {
				toolsDelayMs.Store(ms)
				fmt.Println("tools-delay", ms)
			}
			continue
		}
		if len(fields) != 3 || fields[0] != "delay" {
			continue
		}
		ms, err := strconv.Atoi(fields[2])
		if err != nil {
			continue
		}
		copied := map[string]int{}
		for method, value := range delays {
			copied[method] = value
		}
		copied[fields[1]] = ms
		delays = copied
		model.DelayConfig.MethodDelay = copied
		fmt.Println("delay", fields[1], ms)
	}
	stop <- syscall.SIGTERM
}
