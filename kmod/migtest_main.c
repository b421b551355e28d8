// SPDX-License-Identifier: GPL-2.0
/*
 * Module glue of migtest_mdev, a sample mdev driver that
 * implements the v1 VFIO migration region as revised by the RFC "vfio:
 * Update/Clarify migration uAPI, add NDMA state" on Linux 6.1.
 *
 * Simulated: a VFIO PCI device (flags PCI|RESET) with config space, BAR0
 * registers, BAR2 device memory, INTx and MSI through eventfds, and region
 * 9, the migration region.  Two mdev types differ in the NDMA capability:
 * /sys/class/mdev_bus/migtest_mdev/mdev_supported_types/migtest-{ndma,basic}.
 */
#include <linux/device.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include "migtest.h"

#define MIGTEST_CLASS_NAME	"migtest"
#define MIGTEST_PARENT_NAME	"migtest_mdev"
#define MIGTEST_MAX_INSTANCES	16
#define MIGTEST_REGION_MASK	((1ULL << MIGTEST_REGION_SHIFT) - 1)

/* an mdev type: capabilities new instances start with */
struct migtest_type {
	struct mdev_type type;
	bool ndma;
};

static struct migtest_type migtest_types[] = {
	{ .type = { .sysfs_name = "ndma",
		    .pretty_name = "migtest with NDMA capability" },
	  .ndma = true },
	{ .type = { .sysfs_name = "basic",
		    .pretty_name = "migtest without NDMA capability" },
	  .ndma = false },
};

static struct mdev_type *migtest_mdev_types[] = {
	&migtest_types[0].type,
	&migtest_types[1].type,
};

/* the parent device the types hang off */
static struct {
	struct class *class;
	struct device dev;
	struct mdev_parent parent;
} migtest_parent;

static atomic_t migtest_available = ATOMIC_INIT(MIGTEST_MAX_INSTANCES);

static const struct vfio_device_ops migtest_dev_ops;
static struct mdev_driver migtest_driver;

static struct migtest_state *migtest_of(struct vfio_device *vdev)
{
	return container_of(vdev, struct migtest_state, vdev);
}

/* ---- region access ---- */

static_assert(MIGTEST_REGION_INDEX_CONFIG == VFIO_PCI_CONFIG_REGION_INDEX);
static_assert(MIGTEST_REGION_INDEX_MIGRATION == VFIO_PCI_NUM_REGIONS);

static ssize_t migtest_rw(struct migtest_state *mt, char __user *buf,
			  size_t count, loff_t *ppos, bool write)
{
	u64 index = (u64)*ppos >> MIGTEST_REGION_SHIFT;
	u64 pos = (u64)*ppos & MIGTEST_REGION_MASK;
	ssize_t ret;

	if (*ppos < 0 || !count)
		return -EINVAL;
	switch (index) {
	case MIGTEST_REGION_INDEX_CONFIG:
		ret = migtest_config_rw(mt, buf, count, pos, write);
		break;
	case MIGTEST_REGION_INDEX_BAR0:
		ret = migtest_bar0_rw(mt, buf, count, pos, write);
		break;
	case MIGTEST_REGION_INDEX_BAR2:
		ret = migtest_mem_rw(mt, buf, count, pos, write);
		break;
	case MIGTEST_REGION_INDEX_MIGRATION:
		ret = migtest_mig_rw(mt, buf, count, pos, write);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	if (ret > 0)
		*ppos += ret;
	return ret;
}

static ssize_t migtest_read(struct vfio_device *vdev, char __user *buf,
			    size_t count, loff_t *ppos)
{
	return migtest_rw(migtest_of(vdev), buf, count, ppos, false);
}

static ssize_t migtest_write(struct vfio_device *vdev, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	return migtest_rw(migtest_of(vdev), (char __user *)buf, count, ppos,
			  true);
}

static int migtest_mmap(struct vfio_device *vdev, struct vm_area_struct *vma)
{
	u64 index = (u64)vma->vm_pgoff >> (MIGTEST_REGION_SHIFT - PAGE_SHIFT);

	if (index != MIGTEST_REGION_INDEX_MIGRATION)
		return -EINVAL;
	return migtest_mig_mmap(migtest_of(vdev), vma);
}

/* ---- ioctls ---- */

static int migtest_mig_caps(struct migtest_state *mt,
			    struct vfio_info_cap *caps)
{
	struct vfio_region_info_cap_type type = {
		.header.id = VFIO_REGION_INFO_CAP_TYPE,
		.header.version = 1,
		.type = MIGTEST_REGION_TYPE_MIGRATION,
		.subtype = MIGTEST_REGION_SUBTYPE_MIGRATION,
	};
	struct vfio_info_cap_header ndma = {
		.id = MIGTEST_REGION_INFO_CAP_MIG_NDMA,
		.version = 1,
	};
	struct vfio_region_info_cap_sparse_mmap *sparse;
	size_t size = struct_size(sparse, areas, 1);
	int ret;

	if (mt->live.mmap) {
		sparse = kzalloc(size, GFP_KERNEL);
		if (!sparse)
			return -ENOMEM;
		sparse->header.id = VFIO_REGION_INFO_CAP_SPARSE_MMAP;
		sparse->header.version = 1;
		sparse->nr_areas = 1;
		sparse->areas[0].offset = MIGTEST_MIG_DATA_OFFSET;
		sparse->areas[0].size = mt->live.window_size;
		ret = vfio_info_add_capability(caps, &sparse->header, size);
		kfree(sparse);
		if (ret)
			return ret;
	}
	ret = vfio_info_add_capability(caps, &type.header, sizeof(type));
	if (ret || !mt->live.ndma)
		return ret;
	return vfio_info_add_capability(caps, &ndma, sizeof(ndma));
}

static int migtest_region_info(struct migtest_state *mt,
			       struct vfio_region_info *info,
			       struct vfio_info_cap *caps)
{
	u32 rw = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;

	info->offset = (u64)info->index << MIGTEST_REGION_SHIFT;
	info->size = 0;
	info->flags = 0;
	switch (info->index) {
	case MIGTEST_REGION_INDEX_CONFIG:
		info->size = MIGTEST_PCI_CONFIG_SIZE;
		info->flags = rw;
		return 0;
	case MIGTEST_REGION_INDEX_BAR0:
		info->size = MIGTEST_BAR0_SIZE;
		info->flags = rw;
		return 0;
	case MIGTEST_REGION_INDEX_BAR2:
		info->size = mt->live.mem_size;
		info->flags = rw;
		return 0;
	case MIGTEST_REGION_INDEX_MIGRATION:
		info->size = migtest_mig_region_size(&mt->live);
		info->flags = rw | (mt->live.mmap ? VFIO_REGION_INFO_FLAG_MMAP : 0);
		return migtest_mig_caps(mt, caps);
	default:
		return info->index < VFIO_PCI_NUM_REGIONS ? 0 : -EINVAL;
	}
}

static long migtest_ioctl_region_info(struct migtest_state *mt,
				      void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_info_cap caps = { .buf = NULL, .size = 0 };
	struct vfio_region_info info;
	int ret;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;

	mutex_lock(&mt->state_lock);
	ret = migtest_region_info(mt, &info, &caps);
	mutex_unlock(&mt->state_lock);
	if (ret)
		goto out;

	if (caps.size) {
		info.flags |= VFIO_REGION_INFO_FLAG_CAPS;
		if (info.argsz < sizeof(info) + caps.size) {
			info.argsz = sizeof(info) + caps.size;
			info.cap_offset = 0;
		} else {
			vfio_info_cap_shift(&caps, sizeof(info));
			if (copy_to_user(arg + sizeof(info), caps.buf,
					 caps.size)) {
				ret = -EFAULT;
				goto out;
			}
			info.cap_offset = sizeof(info);
		}
	}
	if (copy_to_user(arg, &info, minsz))
		ret = -EFAULT;
out:
	kfree(caps.buf);
	return ret;
}

static long migtest_ioctl_device_info(void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	info.flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
	info.num_regions = MIGTEST_NUM_REGIONS;
	info.num_irqs = VFIO_PCI_NUM_IRQS;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static long migtest_ioctl_irq_info(void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_info, count);
	struct vfio_irq_info info;
	int ret;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	ret = migtest_irq_info(&info);
	if (ret)
		return ret;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static long migtest_ioctl_set_irqs(struct migtest_state *mt,
				   void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_set, count);
	struct vfio_irq_info irq;
	struct vfio_irq_set hdr;
	size_t data_size = 0;
	u8 *data = NULL;
	int ret;

	if (copy_from_user(&hdr, arg, minsz))
		return -EFAULT;
	irq.index = hdr.index;
	if (migtest_irq_info(&irq))
		return -EINVAL;
	ret = vfio_set_irqs_validate_and_prepare(&hdr, irq.count,
						 VFIO_PCI_NUM_IRQS, &data_size);
	if (ret)
		return ret;
	if (data_size) {
		data = memdup_user(arg + minsz, data_size);
		if (IS_ERR(data))
			return PTR_ERR(data);
	}
	ret = migtest_set_irqs(mt, &hdr, data);
	kfree(data);
	return ret;
}

static long migtest_ioctl(struct vfio_device *vdev, unsigned int cmd,
			  unsigned long arg)
{
	struct migtest_state *mt = migtest_of(vdev);
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return migtest_ioctl_device_info(uarg);
	case VFIO_DEVICE_GET_REGION_INFO:
		return migtest_ioctl_region_info(mt, uarg);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return migtest_ioctl_irq_info(uarg);
	case VFIO_DEVICE_SET_IRQS:
		return migtest_ioctl_set_irqs(mt, uarg);
	case VFIO_DEVICE_RESET:
		if (migtest_bug(mt, MIGTEST_BUG_RESET_UNSUPPORTED))
			return -ENOTTY;
		return migtest_reset(mt);
	default:
		return -ENOTTY;
	}
}

/* ---- vfio device life cycle ---- */

static int migtest_open_device(struct vfio_device *vdev)
{
	return migtest_mig_open(migtest_of(vdev));
}

static void migtest_close_device(struct vfio_device *vdev)
{
	migtest_mig_close(migtest_of(vdev));
}

/* no page is ever pinned: vfio_dma_rw() looks the IOVA up each time */
static void migtest_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length)
{
	dev_dbg(vdev->dev, "unmap iova 0x%llx length 0x%llx\n", iova, length);
}

static int migtest_init_dev(struct vfio_device *vdev)
{
	struct migtest_state *mt = migtest_of(vdev);
	struct mdev_device *mdev = to_mdev_device(vdev->dev);

	if (atomic_dec_if_positive(&migtest_available) < 0)
		return -ENOSPC;
	mt->mdev = mdev;
	mt->type = container_of(mdev->type, struct migtest_type, type);
	mutex_init(&mt->state_lock);
	INIT_DELAYED_WORK(&mt->deferred_work, migtest_deferred_fn);
	migtest_dev_init(mt);
	mt->caps.ndma = mt->type->ndma;
	migtest_ctl_init(mt);
	return 0;
}

static void migtest_release_dev(struct vfio_device *vdev)
{
	struct migtest_state *mt = migtest_of(vdev);

	mutex_destroy(&mt->dev_lock);
	mutex_destroy(&mt->state_lock);
	atomic_inc(&migtest_available);
	vfio_free_device(vdev);
}

static int migtest_probe(struct mdev_device *mdev)
{
	struct migtest_state *mt;
	int ret;

	mt = vfio_alloc_device(migtest_state, vdev, &mdev->dev,
			       &migtest_dev_ops);
	if (IS_ERR(mt))
		return PTR_ERR(mt);
	ret = vfio_register_emulated_iommu_dev(&mt->vdev);
	if (ret)
		goto err_put;
	dev_set_drvdata(&mdev->dev, mt);
	migtest_ctl_create(mt);
	return 0;

err_put:
	vfio_put_device(&mt->vdev);
	return ret;
}

static void migtest_remove(struct mdev_device *mdev)
{
	struct migtest_state *mt = dev_get_drvdata(&mdev->dev);

	migtest_ctl_remove(mt);
	vfio_unregister_group_dev(&mt->vdev);
	vfio_put_device(&mt->vdev);
}

static unsigned int migtest_get_available(struct mdev_type *mtype)
{
	return atomic_read(&migtest_available);
}

static ssize_t migtest_show_description(struct mdev_type *mtype, char *buf)
{
	struct migtest_type *t = container_of(mtype, struct migtest_type,
					      type);

	return sysfs_emit(buf, "migration region v1, NDMA capability %s\n",
			  t->ndma ? "on" : "off");
}

static const struct vfio_device_ops migtest_dev_ops = {
	.name = "vfio-migtest",
	.init = migtest_init_dev,
	.release = migtest_release_dev,
	.open_device = migtest_open_device,
	.close_device = migtest_close_device,
	.read = migtest_read,
	.write = migtest_write,
	.mmap = migtest_mmap,
	.ioctl = migtest_ioctl,
	.dma_unmap = migtest_dma_unmap,
};

static struct mdev_driver migtest_driver = {
	.device_api = VFIO_DEVICE_API_PCI_STRING,
	.driver = {
		.name = "migtest_mdev",
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
	},
	.probe = migtest_probe,
	.remove = migtest_remove,
	.get_available = migtest_get_available,
	.show_description = migtest_show_description,
};

/* ---- module ---- */

static void migtest_parent_release(struct device *dev)
{
	dev_dbg(dev, "released\n");
}

static int __init migtest_init(void)
{
	int ret;

	migtest_ctl_module_init();
	ret = mdev_register_driver(&migtest_driver);
	if (ret)
		goto err_ctl;

	migtest_parent.class = class_create(THIS_MODULE, MIGTEST_CLASS_NAME);
	if (IS_ERR(migtest_parent.class)) {
		ret = PTR_ERR(migtest_parent.class);
		goto err_driver;
	}
	memset(&migtest_parent.dev, 0, sizeof(migtest_parent.dev));
	migtest_parent.dev.class = migtest_parent.class;
	migtest_parent.dev.release = migtest_parent_release;
	dev_set_name(&migtest_parent.dev, "%s", MIGTEST_PARENT_NAME);
	ret = device_register(&migtest_parent.dev);
	if (ret)
		goto err_put;

	ret = mdev_register_parent(&migtest_parent.parent, &migtest_parent.dev,
				   &migtest_driver, migtest_mdev_types,
				   ARRAY_SIZE(migtest_mdev_types));
	if (ret)
		goto err_device;
	return 0;

err_device:
	device_unregister(&migtest_parent.dev);
	goto err_class;
err_put:
	put_device(&migtest_parent.dev);
err_class:
	class_destroy(migtest_parent.class);
err_driver:
	mdev_unregister_driver(&migtest_driver);
err_ctl:
	migtest_ctl_module_exit();
	return ret;
}

static void __exit migtest_exit(void)
{
	mdev_unregister_parent(&migtest_parent.parent);
	device_unregister(&migtest_parent.dev);
	class_destroy(migtest_parent.class);
	mdev_unregister_driver(&migtest_driver);
	migtest_ctl_module_exit();
}

module_init(migtest_init);
module_exit(migtest_exit);

MODULE_LICENSE("GPL v2");
MODULE_DESCRIPTION("mdev sample: v1 VFIO migration region with NDMA (RFC)");
