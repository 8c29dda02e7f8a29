import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { presetCatalog, TemplateLibrary, type PresetName } from '@localreach/campaigns';
import { PresetDto, PresetListDto, ShippedTemplateDto, ShippedTemplateListDto } from './dto/presets.dto';

/** The preset campaigns and the templates shipped for them: product data, the same for every business. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('v1')
export class PresetsController {
  constructor(private readonly library: TemplateLibrary) {}

  @Get('presets')
  @ApiOperation({ summary: 'Every preset campaign: what it does, the params it needs, its trigger, steps and templates in brief' })
  @ApiOkResponse({ type: PresetListDto })
  presets(): PresetListDto {
    return { items: presetCatalog().map((p) => PresetDto.from(p)) };
  }

  @Get('shipped-templates')
  @ApiOperation({ summary: 'The templates shipped with the product (their Handlebars sources), which presets copy into a business' })
  @ApiOkResponse({ type: ShippedTemplateListDto })
  shippedTemplates(): ShippedTemplateListDto {
    const usedBy = new Map<string, PresetName[]>();
    for (const preset of presetCatalog()) for (const key of preset.templateKeys) usedBy.set(key, [...(usedBy.get(key) ?? []), preset.key]);
    const shipped = [...this.library.presets()].sort((a, b) => (a.name < b.name ? -1 : 1));
    return { items: shipped.map((t) => ShippedTemplateDto.from(t, usedBy.get(t.name) ?? [])) };
  }
}
