import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BusinessPatchInput, CreateApiKeyInput, SignUpInput, TenancyService, type Tenant } from '@localreach/core';
import { CurrentTenant, Public, Roles } from '../common/auth';
import { SignUpRoute } from '../common/rate-limits';
import { ApiKeyDto, ApiKeyListDto, BusinessDto, CreatedApiKeyDto, MeDto, SignUpResponseDto } from './dto/business.dto';

@ApiTags('businesses')
@Controller('v1')
export class BusinessesController {
  constructor(private readonly tenancy: TenancyService) {}

  @Public()
  @SignUpRoute()
  @Post('businesses')
  @ApiOperation({ summary: 'Sign up: create a business and its owner API key (shown once)' })
  @ApiBody({
    type: SignUpInput,
    examples: {
      bakery: {
        value: {
          name: 'Rosa\'s Bakery', timezone: 'America/Chicago', currency: 'USD', country: 'US',
          address: { line1: '12 Elm Street', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
        },
      },
    },
  })
  @ApiCreatedResponse({ type: SignUpResponseDto })
  async signUp(@Body() body: SignUpInput): Promise<SignUpResponseDto> {
    const { business, issued } = await this.tenancy.signUp(body);
    return { business: BusinessDto.from(business), apiKey: issued.apiKey, key: ApiKeyDto.from(issued.key) };
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The business and key behind the Authorization header' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentTenant() tenant: Tenant): Promise<MeDto> {
    const business = await this.tenancy.getBusiness(tenant);
    const key = await this.tenancy.currentKey(tenant);
    return { business: BusinessDto.from(business), key: ApiKeyDto.from(key) };
  }

  @Patch('business')
  @Roles('owner')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change the business profile (owner only): name, time zone, currency (while no order exists), country, address' })
  @ApiBody({ type: BusinessPatchInput, examples: { rename: { value: { name: "Rosa's Bakery & Café", timezone: 'America/Chicago' } } } })
  @ApiOkResponse({ type: BusinessDto })
  async updateBusiness(@CurrentTenant() tenant: Tenant, @Body() body: BusinessPatchInput): Promise<BusinessDto> {
    return BusinessDto.from(await this.tenancy.updateBusiness(tenant, body));
  }

  @Get('api-keys')
  @Roles('owner')
  @ApiBearerAuth()
  @ApiOkResponse({ type: ApiKeyListDto })
  async listKeys(@CurrentTenant() tenant: Tenant): Promise<ApiKeyListDto> {
    return { items: (await this.tenancy.listKeys(tenant)).map(ApiKeyDto.from) };
  }

  @Post('api-keys')
  @Roles('owner')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create an API key with a role (owner only); the secret is shown once' })
  @ApiBody({ type: CreateApiKeyInput, examples: { tablet: { value: { name: 'Front desk tablet', role: 'marketer' } } } })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async createKey(@CurrentTenant() tenant: Tenant, @Body() body: CreateApiKeyInput): Promise<CreatedApiKeyDto> {
    const issued = await this.tenancy.createKey(tenant, body);
    return { key: ApiKeyDto.from(issued.key), apiKey: issued.apiKey };
  }

  @Delete('api-keys/:id')
  @Roles('owner')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke an API key (owner only; the last owner key cannot be revoked)' })
  async revokeKey(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<void> {
    await this.tenancy.revokeKey(tenant, id);
  }
}
